/** Who is signed in: GET /api/auth/session on load; a 401 anywhere returns to the login page. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from './api';
import type { LoginRequest, Me, Permission } from './contract';

type AuthState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signedIn'; me: Me }
  | { status: 'failed'; error: unknown };

interface AuthValue {
  state: AuthState;
  logIn: (credentials: LoginRequest) => Promise<void>;
  logOut: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();

  useEffect(() => {
    let cancelled = false;
    // GET /api/auth/session answers a visitor 200 (no one): a first visit is not an error in the console.
    api.session().then(
      ({ me }) => {
        if (cancelled) return;
        if (!me) return setState({ status: 'anonymous' });
        setCsrfToken(me.csrfToken);
        setState({ status: 'signedIn', me });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'failed', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken('');
      queryClient.clear();
      setState({ status: 'anonymous' });
    });
    return () => setUnauthenticatedHandler(null);
  }, [queryClient]);

  const logIn = useCallback(
    async (credentials: LoginRequest) => {
      const me = await api.login(credentials);
      setCsrfToken(me.csrfToken);
      queryClient.clear();
      setState({ status: 'signedIn', me });
    },
    [queryClient],
  );

  const logOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken('');
      queryClient.clear();
      setState({ status: 'anonymous' });
    }
  }, [queryClient]);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, logIn, logOut, retry }), [state, logIn, logOut, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for components rendered behind the login. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe without a signed-in user');
  return state.me;
}

export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}
