DROP INDEX "membership_events_federation_idx";--> statement-breakpoint
DROP INDEX "memberships_federation_idx";