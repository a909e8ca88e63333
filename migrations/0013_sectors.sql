CREATE TABLE "sectors" (
	"id" text PRIMARY KEY NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"short_vi" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date DEFAULT '9999-12-31' NOT NULL,
	"legal_basis" text,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The sectors units already carry (the list that was fixed in code), so that the foreign key holds on existing rows;
-- start-up adds the rest of the defaults (reference-data.ts) where missing.
INSERT INTO "sectors" ("id", "name_vi", "name_en", "short_vi", "valid_from", "sort_order") VALUES
	('public_service', 'Cơ quan hành chính, đơn vị sự nghiệp', 'Public administration and service units', 'Khối HCSN', '1950-01-01', 0),
	('state_enterprise', 'Doanh nghiệp nhà nước', 'State-owned enterprise', 'DN nhà nước', '1950-01-01', 2),
	('private_enterprise', 'Doanh nghiệp ngoài nhà nước', 'Non-state enterprise', 'DN ngoài nhà nước', '1950-01-01', 3),
	('fdi_enterprise', 'Doanh nghiệp có vốn đầu tư nước ngoài', 'Foreign-invested enterprise', 'DN FDI', '1950-01-01', 4),
	('cooperative', 'Hợp tác xã', 'Cooperative', 'HTX', '1950-01-01', 5),
	('other', 'Khác', 'Other', 'Khác', '1950-01-01', 6)
ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_sector_sectors_id_fk" FOREIGN KEY ("sector") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;
