/** The staff roles. Access tokens carry one; the staff guard checks it against the route's list. */
export const ROLES = ['admin', 'coordinator', 'finance'] as const;
export type Role = (typeof ROLES)[number];
