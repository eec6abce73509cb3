package io.racex.samples.java;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Sessions} fixed: validate reads the session once and answers from what it read. */
public class ReadOnceSessions {
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    public void login(String token, String user) {
        sessions.put(token, user);
    }

    public void logout(String token) {
        sessions.remove(token);
    }

    /** "valid: USER" or "invalid". */
    public String validate(String token) {
        String user = sessions.get(token);
        return user == null ? "invalid" : "valid: " + user;
    }
}
