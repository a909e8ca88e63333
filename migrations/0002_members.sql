CREATE SEQUENCE "public"."member_code_seq" INCREMENT BY 1 MINVALUE 100000000 MAXVALUE 999999999 START WITH 100000000 CACHE 1;--> statement-breakpoint
CREATE TABLE "ethnicities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"federation_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"approving_unit_id" uuid NOT NULL,
	"proposed_on" date NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"full_name" text NOT NULL,
	"search_text" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text NOT NULL,
	"ethnicity_code" text NOT NULL,
	"religion" text,
	"cccd" text,
	"phone" text,
	"email" text,
	"education" text,
	"occupation" text,
	"union_position" text,
	"party_member" boolean DEFAULT false NOT NULL,
	"joined_on" date NOT NULL,
	"existing_member_id" uuid,
	"return_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"member_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"federation_id" uuid NOT NULL,
	"code" text NOT NULL,
	"full_name" text NOT NULL,
	"search_text" text NOT NULL,
	"birth_date" date NOT NULL,
	"gender" text NOT NULL,
	"ethnicity_code" text NOT NULL,
	"religion" text,
	"cccd" text,
	"phone" text,
	"email" text,
	"education" text,
	"occupation" text,
	"union_position" text,
	"party_member" boolean DEFAULT false NOT NULL,
	"joined_on" date NOT NULL,
	"sort_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "membership_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"federation_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"related_unit_id" uuid,
	"reason" text,
	"decision_no" text,
	"note" text,
	"proposal_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"member_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"federation_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date DEFAULT '9999-12-31' NOT NULL,
	"start_kind" text NOT NULL,
	"end_kind" text,
	CONSTRAINT "memberships_member_id_unit_id_valid_from_pk" PRIMARY KEY("member_id","unit_id","valid_from")
);
--> statement-breakpoint
ALTER TABLE "member_proposals" ADD CONSTRAINT "member_proposals_ethnicity_code_ethnicities_code_fk" FOREIGN KEY ("ethnicity_code") REFERENCES "public"."ethnicities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_ethnicity_code_ethnicities_code_fk" FOREIGN KEY ("ethnicity_code") REFERENCES "public"."ethnicities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_proposals_unit_idx" ON "member_proposals" USING btree ("unit_id","status");--> statement-breakpoint
CREATE INDEX "member_proposals_approver_idx" ON "member_proposals" USING btree ("approving_unit_id","status");--> statement-breakpoint
CREATE INDEX "member_proposals_cccd_idx" ON "member_proposals" USING btree ("cccd");--> statement-breakpoint
CREATE INDEX "member_proposals_birth_name_idx" ON "member_proposals" USING btree ("birth_date","search_text");--> statement-breakpoint
CREATE INDEX "member_proposals_federation_idx" ON "member_proposals" USING btree ("federation_id","proposed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "members_code_key" ON "members" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "members_cccd_key" ON "members" USING btree ("cccd") WHERE "members"."cccd" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "members_phone_idx" ON "members" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "members_search_trgm" ON "members" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "members_birth_name_idx" ON "members" USING btree ("birth_date","search_text");--> statement-breakpoint
CREATE INDEX "members_federation_sort_idx" ON "members" USING btree ("federation_id","sort_key");--> statement-breakpoint
CREATE INDEX "members_sort_idx" ON "members" USING btree ("sort_key","id");--> statement-breakpoint
CREATE INDEX "membership_events_member_idx" ON "membership_events" USING btree ("member_id","effective_on");--> statement-breakpoint
CREATE INDEX "membership_events_unit_idx" ON "membership_events" USING btree ("unit_id","effective_on");--> statement-breakpoint
CREATE INDEX "membership_events_federation_idx" ON "membership_events" USING btree ("federation_id","effective_on");--> statement-breakpoint
CREATE INDEX "memberships_unit_idx" ON "memberships" USING btree ("unit_id","valid_from","valid_to");--> statement-breakpoint
CREATE INDEX "memberships_federation_idx" ON "memberships" USING btree ("federation_id","valid_from");