package io.racex.samples.java;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link LoginService} fixed: the token number is taken in one atomic step, so every token is unique. */
public class AtomicLoginService {
    private final AtomicInteger nextToken = new AtomicInteger();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    /** Logs {@code user} in and returns the new session's token. */
    public String login(String user) {
        String token = "tok-" + nextToken.getAndIncrement();
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
