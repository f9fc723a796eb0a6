CREATE TABLE `asset_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`link_key` text NOT NULL,
	`source` text NOT NULL,
	`port` text,
	`port_index` integer,
	`mac` text,
	`ip` text,
	`vlan` integer,
	`remote_name` text,
	`remote_port` text,
	`remote_chassis` text,
	`approved` integer NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `asset_links_key_idx` ON `asset_links` (`site_id`,`asset_id`,`link_key`);--> statement-breakpoint
CREATE INDEX `asset_links_mac_idx` ON `asset_links` (`site_id`,`mac`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `baselines` (
	`site_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`source` text NOT NULL,
	`drift_record_id` integer,
	`established_at` text NOT NULL,
	`established_by` text NOT NULL,
	PRIMARY KEY(`site_id`, `asset_id`),
	FOREIGN KEY (`fingerprint`) REFERENCES `config_versions`(`fingerprint`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`,`asset_id`) REFERENCES `assets`(`site_id`,`asset_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drift_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`asset_id` text,
	`kind` text NOT NULL,
	`class` text NOT NULL,
	`severity` text NOT NULL,
	`state` text NOT NULL,
	`change_window_id` integer,
	`baseline_fingerprint` text,
	`current_fingerprint` text,
	`changes` text NOT NULL,
	`change_classes` text NOT NULL,
	`ignored_changes` text NOT NULL,
	`detected_at` text NOT NULL,
	`last_detected_at` text NOT NULL,
	`cleared_at` text,
	`opened_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`ticket` text,
	`comment` text,
	`resolved_at` text,
	`resolved_by` text,
	`resolution_note` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`agent_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drift_records_site_state_idx` ON `drift_records` (`site_id`,`state`,`detected_at`);--> statement-breakpoint
CREATE INDEX `drift_records_state_idx` ON `drift_records` (`state`,`detected_at`);--> statement-breakpoint
CREATE INDEX `drift_records_detected_idx` ON `drift_records` (`detected_at`);--> statement-breakpoint
CREATE INDEX `drift_records_asset_idx` ON `drift_records` (`site_id`,`asset_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `drift_records_agent_idx` ON `drift_records` (`agent_id`,`kind`,`id`);--> statement-breakpoint
CREATE INDEX `drift_records_class_idx` ON `drift_records` (`class`,`state`);--> statement-breakpoint
CREATE TABLE `ignore_rule_versions` (
	`rule_id` integer NOT NULL,
	`version` integer NOT NULL,
	`scope` text NOT NULL,
	`site_id` text,
	`asset_id` text,
	`model` text,
	`path_pattern` text NOT NULL,
	`reason` text NOT NULL,
	`enabled` integer NOT NULL,
	`saved_at` text NOT NULL,
	`saved_by` text NOT NULL,
	PRIMARY KEY(`rule_id`, `version`),
	FOREIGN KEY (`rule_id`) REFERENCES `ignore_rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ignore_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`site_id` text,
	`asset_id` text,
	`model` text,
	`path_pattern` text NOT NULL,
	`reason` text NOT NULL,
	`enabled` integer NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ignore_rules_enabled_idx` ON `ignore_rules` (`enabled`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `assets` ADD `consecutive_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `drift_events` ADD `drift_record_id` integer;--> statement-breakpoint
CREATE INDEX `drift_events_record_idx` ON `drift_events` (`drift_record_id`);