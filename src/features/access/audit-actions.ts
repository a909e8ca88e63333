/**
 * Every action an audit row can name. `AuditEntry.action` takes only these, so a new action does not compile until
 * it is listed here; the web's label for each (`auditAction.<action>` in both catalogs) is checked by
 * test/i18n.test.ts and web/src/features/admin/audit-labels.test.ts.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'user.create',
  'user.update',
  'user.password',
  'user.grant',
  'user.revoke',
  'unit.found',
  'unit.rename',
  'unit.move',
  'unit.dissolve',
  'unit.update',
  'unit.import',
  'unit.export',
  'unit_type.create',
  'unit_type.update',
  'unit_group.create',
  'unit_group.update',
  'sector.create',
  'sector.update',
  'member.admit',
  'member.update',
  'member.view',
  'member.search_identifier',
  'member.transfer_out',
  'member.transfer_in',
  'member.transfer_all',
  'member.transfer_all_in',
  'member.leave',
  'member.reinstate',
  'member.death',
  'member.history_batch',
  'member.import',
  'member.export',
  'member.export_self',
  'member.card_print',
  'member_proposal.create',
  'member_proposal.update',
  'member_proposal.resubmit',
  'member_proposal.withdraw',
  'member_proposal.return',
  'member_proposal.import',
  'report.save',
  'report.submit',
  'report.approve',
  'report.return',
  'report.reopen',
  'report.import',
  'report.targets',
  'report.remind',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
