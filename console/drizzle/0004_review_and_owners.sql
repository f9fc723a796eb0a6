CREATE TABLE `owners` (
	`entity_type` text NOT NULL,
	`site_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`owner` text NOT NULL,
	`purpose` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`entity_type`, `site_id`, `entity_id`)
);
--> statement-breakpoint
CREATE INDEX `owners_owner_idx` ON `owners` (`owner`);--> statement-breakpoint
CREATE TABLE `review_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`origin` text NOT NULL,
	`item_key` text NOT NULL,
	`asset_id` text,
	`agent_id` text,
	`mac` text,
	`ip` text,
	`switch_asset_id` text,
	`port` text,
	`vlan` integer,
	`link_source` text,
	`remote_name` text,
	`status` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`note` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_items_key_idx` ON `review_items` (`site_id`,`item_key`);--> statement-breakpoint
CREATE INDEX `review_items_status_idx` ON `review_items` (`status`,`site_id`,`id`);--> statement-breakpoint
-- Assets inventoried before the review queue existed have never been reviewed: queue them.
INSERT INTO `review_items` (`site_id`, `origin`, `item_key`, `asset_id`, `agent_id`, `status`, `first_seen_at`, `last_seen_at`)
SELECT `site_id`, 'polled', 'asset:' || `asset_id`, `asset_id`, `agent_id`, 'pending', `first_seen_at`, `updated_at` FROM `assets`;
