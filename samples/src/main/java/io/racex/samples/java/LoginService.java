package io.racex.samples.java;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 000, "concurrent logins must yield unique session tokens": each login takes the next token
 * number by reading a counter and writing it back plus one, then stores the session under that
 * token. Two logins at once can take the same number; the second session overwrites the first
 * and one user is logged in as the other. The fix is {@link AtomicLoginService}.
 *
 * <p>The session map is a {@link ConcurrentHashMap} here and in the fix, so the token counter is
 * the only race.
 */
public class LoginService {
    private int nextToken;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    /** Logs {@code user} in and returns the new session's token. */
    public String login(String user) {
        int n = nextToken;
        // RACE: another login may read the same number before this one writes n + 1
        nextToken = n + 1;
        String token = "tok-" + n;
        sessions.put(token, user);
        return token;
    }

    /** The user of a session, or null. */
    public String user(String token) {
        return sessions.get(token);
    }

    public int sessionCount() {
        return sessions.size();
    }
}
