DROP INDEX "members_search_trgm";--> statement-breakpoint
DROP INDEX "memberships_unit_idx";--> statement-breakpoint
CREATE INDEX "members_search_words" ON "members" USING gin (string_to_array("search_text", ' ')) WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "members_search_prefix" ON "members" USING btree ("search_text" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "memberships_unit_member_idx" ON "memberships" USING btree ("unit_id","valid_from","valid_to","member_id");--> statement-breakpoint
CREATE INDEX "memberships_member_dates_idx" ON "memberships" USING btree ("member_id","valid_to","valid_from","unit_id");