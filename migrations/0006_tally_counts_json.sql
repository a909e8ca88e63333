-- Tallies are derived from the stays: emptied here, they are built again, compact, at start-up (ensureTallies).
DELETE FROM "member_tallies";--> statement-breakpoint
ALTER TABLE "member_tallies" ALTER COLUMN "counts" SET DATA TYPE json USING "counts"::json;
