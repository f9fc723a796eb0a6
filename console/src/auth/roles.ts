/**
 * The console's roles, from most to least powerful. `admin` manages users and settings,
 * `approver` decides drift, `technician` enrolls agents and manages targets for its sites,
 * `viewer` reads. Any role may be limited to a set of sites.
 */
export const ROLES = ['admin', 'approver', 'technician', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
