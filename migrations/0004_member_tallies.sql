CREATE TABLE "member_tallies" (
	"unit_id" uuid NOT NULL,
	"federation_id" uuid NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"memberships" integer NOT NULL,
	"counts" jsonb NOT NULL,
	CONSTRAINT "member_tallies_unit_id_valid_from_pk" PRIMARY KEY("unit_id","valid_from")
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "birth_date" date;--> statement-breakpoint
UPDATE "memberships" m SET "birth_date" = p."birth_date" FROM "members" p WHERE p."id" = m."member_id";--> statement-breakpoint
ALTER TABLE "memberships" ALTER COLUMN "birth_date" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "shared" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "memberships" m SET "shared" = true WHERE EXISTS (SELECT 1 FROM "memberships" o WHERE o."member_id" = m."member_id" AND (o."unit_id" <> m."unit_id" OR o."valid_from" <> m."valid_from") AND o."valid_from" < m."valid_to" AND o."valid_to" > m."valid_from");--> statement-breakpoint
CREATE INDEX "memberships_birth_idx" ON "memberships" USING btree ("birth_date","valid_from","valid_to","unit_id");--> statement-breakpoint
CREATE INDEX "memberships_shared_idx" ON "memberships" USING btree ("unit_id","valid_from") WHERE "memberships"."shared";