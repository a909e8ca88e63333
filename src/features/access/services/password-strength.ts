/** The password rule (password-policy.ts) applied with what a guesser would know of the person. */
import type { Database } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import * as store from '../store';
import { passwordProblem } from '../password-policy';

/** Whose password it is: an existing user, or one being created. */
export type PasswordOwner =
  { userId: string } | { username: string; fullName: string; unitIds: readonly string[] };

/** Refuses a password the rule does not accept, as a 400 on `field` with the Vietnamese reasons. */
export async function requireStrongPassword(
  db: Database,
  password: string,
  owner: PasswordOwner,
  field = 'password',
): Promise<void> {
  let context;
  if ('userId' in owner) {
    const user = await store.findUser(db, owner.userId);
    const grants = await store.grantsOf(db, owner.userId);
    const names = await store.unitNames(
      db,
      grants.map((g) => g.unitId),
    );
    context = { username: user?.username, fullName: user?.fullName, unitNames: [...names.values()] };
  } else {
    const names = await store.unitNames(db, owner.unitIds);
    context = { username: owner.username, fullName: owner.fullName, unitNames: [...names.values()] };
  }
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError('validation_failed', {}, [{ field, message: problem }]);
}
