-- Tallies are derived from the stays: emptied here, they are built again in the new form at start-up (ensureTallies).
DELETE FROM "member_tallies";--> statement-breakpoint
ALTER TABLE "member_tallies" ALTER COLUMN "counts" SET DATA TYPE text USING "counts"::text;
