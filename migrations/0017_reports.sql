CREATE TABLE "report_form_versions" (
	"form_id" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date DEFAULT '9999-12-31' NOT NULL,
	"period_type_id" text NOT NULL,
	"deadline_days_after_end" integer NOT NULL,
	"reminder_offsets" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"filler_types" text[] NOT NULL,
	"sections" jsonb NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"legal_basis" text,
	CONSTRAINT "report_form_versions_form_id_valid_from_pk" PRIMARY KEY("form_id","valid_from")
);
--> statement-breakpoint
CREATE TABLE "report_forms" (
	"id" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_indicators" (
	"code" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"measure" text NOT NULL,
	"value_type" text NOT NULL,
	"aggregation" text NOT NULL,
	"source" text DEFAULT 'typed' NOT NULL,
	"registry_key" text,
	"registry_arg" text,
	"formula" text,
	"parent_code" text,
	"part_rule" text,
	"phrase_vi" text,
	"worth_of" text,
	"valid_from" date NOT NULL,
	"valid_to" date DEFAULT '9999-12-31' NOT NULL,
	"legal_basis" text,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_period_types" (
	"id" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"definition" jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"federation_id" uuid NOT NULL,
	"form_id" text NOT NULL,
	"period_code" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"received_on" date,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "report_targets" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"indicator_code" text NOT NULL,
	"federation_id" uuid NOT NULL,
	"value" numeric NOT NULL,
	"assigned_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "report_targets_unit_id_year_indicator_code_pk" PRIMARY KEY("unit_id","year","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "report_totals" (
	"unit_id" uuid NOT NULL,
	"form_id" text NOT NULL,
	"period_code" text NOT NULL,
	"indicator_code" text NOT NULL,
	"basis" text NOT NULL,
	"federation_id" uuid NOT NULL,
	"total" numeric NOT NULL,
	"reported" integer NOT NULL,
	"min" numeric,
	"max" numeric,
	CONSTRAINT "report_totals_form_id_period_code_unit_id_indicator_code_basis_pk" PRIMARY KEY("form_id","period_code","unit_id","indicator_code","basis")
);
--> statement-breakpoint
CREATE TABLE "report_values" (
	"submission_id" uuid NOT NULL,
	"indicator_code" text NOT NULL,
	"federation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"form_id" text NOT NULL,
	"period_code" text NOT NULL,
	"num" numeric,
	"txt" text,
	CONSTRAINT "report_values_submission_id_indicator_code_pk" PRIMARY KEY("submission_id","indicator_code")
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text,
	"to_address" text NOT NULL,
	"to_name" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"ref" jsonb,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "report_form_versions" ADD CONSTRAINT "report_form_versions_form_id_report_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."report_forms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_form_versions" ADD CONSTRAINT "report_form_versions_period_type_id_report_period_types_id_fk" FOREIGN KEY ("period_type_id") REFERENCES "public"."report_period_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_submissions_key" ON "report_submissions" USING btree ("form_id","period_code","unit_id");--> statement-breakpoint
CREATE INDEX "report_submissions_status_idx" ON "report_submissions" USING btree ("form_id","period_code","status");--> statement-breakpoint
CREATE INDEX "report_targets_assigner_idx" ON "report_targets" USING btree ("assigned_by","year");--> statement-breakpoint
CREATE INDEX "report_values_period_idx" ON "report_values" USING btree ("form_id","period_code","indicator_code");--> statement-breakpoint
CREATE UNIQUE INDEX "mail_outbox_dedupe_key" ON "mail_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "mail_outbox_queue_idx" ON "mail_outbox" USING btree ("id") WHERE state = 'queued';