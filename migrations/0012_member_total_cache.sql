CREATE TABLE "member_tally_writes" (
	"federation_id" uuid NOT NULL,
	"xid" bigint NOT NULL,
	CONSTRAINT "member_tally_writes_federation_id_xid_pk" PRIMARY KEY("federation_id","xid")
);
--> statement-breakpoint
CREATE TABLE "member_totals" (
	"root_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"narrowing" text NOT NULL,
	"persons" integer NOT NULL,
	"federation_ids" uuid[] NOT NULL,
	"snapshot" text NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_totals_root_id_on_date_narrowing_pk" PRIMARY KEY("root_id","on_date","narrowing")
);
