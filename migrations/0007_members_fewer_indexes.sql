DROP INDEX "members_search_prefix";--> statement-breakpoint
DROP INDEX "members_birth_name_idx";--> statement-breakpoint
DROP INDEX "members_federation_sort_idx";--> statement-breakpoint
CREATE INDEX "members_search_birth_idx" ON "members" USING btree ("search_text" text_pattern_ops,"birth_date");