package io.racex.samples.java;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seed 000, "token validation under concurrent logouts": {@link #validate} first checks that the
 * session exists, then reads its user. A logout between the two makes it answer "valid: null", a
 * valid session with no user. Each map call is atomic; the race is between the two calls. The fix
 * is {@link ReadOnceSessions}.
 */
public class Sessions {
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    public void login(String token, String user) {
        sessions.put(token, user);
    }

    public void logout(String token) {
        sessions.remove(token);
    }

    /** "valid: USER" or "invalid". */
    public String validate(String token) {
        if (!sessions.containsKey(token)) {
            return "invalid";
        }
        // RACE: a logout here removes the session just found
        return "valid: " + sessions.get(token);
    }
}
