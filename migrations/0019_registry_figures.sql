CREATE TABLE "report_registry_figures" (
	"unit_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"figures" json NOT NULL,
	"federation_ids" uuid[] NOT NULL,
	"snapshot" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_registry_figures_unit_id_period_end_period_start_pk" PRIMARY KEY("unit_id","period_end","period_start")
);
--> statement-breakpoint
ALTER TABLE "member_tally_writes" ADD COLUMN "from_date" date;--> statement-breakpoint
ALTER TABLE "member_tally_writes" ADD COLUMN "noted_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "report_submissions_unit_idx" ON "report_submissions" USING btree ("unit_id","status");