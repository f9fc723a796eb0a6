CREATE INDEX `asset_versions_asset_time_idx` ON `asset_versions` (`site_id`,`asset_id`,`observed_at`);--> statement-breakpoint
CREATE INDEX `asset_versions_site_time_idx` ON `asset_versions` (`site_id`,`observed_at`);--> statement-breakpoint
CREATE INDEX `asset_versions_fingerprint_idx` ON `asset_versions` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `ingested_messages_received_idx` ON `ingested_messages` (`received_at`);