CREATE TABLE `agents` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`state` text NOT NULL,
	`agent_version` text,
	`started_at` text,
	`target_count` integer,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`last_seq` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agents_site_idx` ON `agents` (`site_id`);--> statement-breakpoint
CREATE TABLE `asset_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`agent_id` text NOT NULL,
	`seq` integer NOT NULL,
	`observed_at` text NOT NULL,
	`received_at` text NOT NULL,
	FOREIGN KEY (`fingerprint`) REFERENCES `config_versions`(`fingerprint`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`,`asset_id`) REFERENCES `assets`(`site_id`,`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `asset_versions_asset_idx` ON `asset_versions` (`site_id`,`asset_id`,`id`);--> statement-breakpoint
CREATE TABLE `assets` (
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`protocol` text NOT NULL,
	`host` text NOT NULL,
	`port` integer NOT NULL,
	`unit_id` integer,
	`identity` text NOT NULL,
	`values` text NOT NULL,
	`fingerprint` text,
	`poll` text NOT NULL,
	`poll_ok` integer NOT NULL,
	`last_poll_at` text NOT NULL,
	`last_seq` integer NOT NULL,
	`first_seen_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`site_id`, `asset_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`agent_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`fingerprint`) REFERENCES `config_versions`(`fingerprint`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assets_agent_idx` ON `assets` (`agent_id`);--> statement-breakpoint
CREATE TABLE `config_versions` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`first_seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `drift_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`seq` integer NOT NULL,
	`detected_at` text NOT NULL,
	`received_at` text NOT NULL,
	`previous_fingerprint` text NOT NULL,
	`current_fingerprint` text NOT NULL,
	`state` text NOT NULL,
	`changes` text NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`agent_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drift_events_message_idx` ON `drift_events` (`agent_id`,`seq`);--> statement-breakpoint
CREATE INDEX `drift_events_site_state_idx` ON `drift_events` (`site_id`,`state`);--> statement-breakpoint
CREATE INDEX `drift_events_asset_idx` ON `drift_events` (`site_id`,`asset_id`,`detected_at`);--> statement-breakpoint
CREATE INDEX `drift_events_detected_idx` ON `drift_events` (`detected_at`);--> statement-breakpoint
CREATE TABLE `ingested_messages` (
	`agent_id` text NOT NULL,
	`seq` integer NOT NULL,
	`site_id` text NOT NULL,
	`type` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`agent_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`site_id` text PRIMARY KEY NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
