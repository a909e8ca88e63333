/** Looking users up by username, for the command line and the demo (which name people, not ids). */
import type { Database } from '../../../platform/db';
import type { Actor } from '../model';
import { normalizeUsername } from '../model';
import * as store from '../store';
import { loadActor } from './sessions';

/** The active user with this username (any case) as an actor, or null when there is none or it is disabled. */
export async function actorByUsername(db: Database, username: string): Promise<Actor | null> {
  const user = await store.findUserByUsername(db, normalizeUsername(username));
  return user ? loadActor(db, user.id) : null;
}

/** Which of these usernames have a user. */
export async function existingUsernames(db: Database, usernames: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const username of usernames) if (await store.findUserByUsername(db, username)) found.add(username);
  return found;
}
