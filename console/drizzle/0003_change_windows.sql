CREATE TABLE `change_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`asset_ids` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`ticket` text NOT NULL,
	`owner` text NOT NULL,
	`description` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`cancelled_at` text,
	`cancelled_by` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`site_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_windows_site_idx` ON `change_windows` (`site_id`,`starts_at`);