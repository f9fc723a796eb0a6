CREATE TABLE `agent_identities` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`public_key` text NOT NULL,
	`mqtt_username` text NOT NULL,
	`mqtt_password_hash` text NOT NULL,
	`owner` text NOT NULL,
	`purpose` text NOT NULL,
	`enrolled_at` text NOT NULL,
	`enrolled_by` text NOT NULL,
	`enrollment_token_id` text NOT NULL,
	`credentials_rotated_at` text,
	`revoked_at` text,
	`revoked_by` text,
	`last_signed_seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_identities_mqtt_username_unique` ON `agent_identities` (`mqtt_username`);--> statement-breakpoint
CREATE INDEX `agent_identities_site_idx` ON `agent_identities` (`site_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`site_scope` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text,
	`last_used_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_created_by_idx` ON `api_tokens` (`created_by`);--> statement-breakpoint
CREATE TABLE `enrollment_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`site_id` text NOT NULL,
	`owner` text NOT NULL,
	`purpose` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`used_by_agent_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollment_tokens_token_hash_unique` ON `enrollment_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `enrollment_tokens_site_idx` ON `enrollment_tokens` (`site_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`absolute_expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`user_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`site_scope` text,
	`must_change_password` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`disabled_at` text,
	`password_changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);