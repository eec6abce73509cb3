package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.jdbc.Databases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No password is ever printed, whatever the URL's shape; a bad port is one line, without driver or logging noise. */
class DatabaseUrlTest {
    static final String SECRET = "secret123";

    /** Each URL shape on each database: user-info, user-info with a user that does not exist, query parameters. */
    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of("mariadb", "jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/test"),
                Arguments.of("mariadb", "jdbc:mariadb://nosuch:" + SECRET + "@127.0.0.1:3306/test"),
                Arguments.of("mariadb", "jdbc:mysql://root:" + SECRET + "@127.0.0.1:3306/test"),
                Arguments.of("mariadb", "jdbc:mariadb://127.0.0.1:3306/test?user=nosuch&password=" + SECRET),
                Arguments.of("mariadb", "jdbc:mariadb://127.0.0.1:3306/test?password=" + SECRET + "&user=root"),
                Arguments.of("mariadb", "jdbc:mariadb://root:" + SECRET + "@127.0.0.1:1/test"),
                Arguments.of("postgresql", "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:5432/test"),
                Arguments.of("postgresql", "jdbc:postgresql://nosuch:" + SECRET + "@127.0.0.1:5432/test"),
                Arguments.of("postgresql", "jdbc:postgresql://127.0.0.1:5432/test?user=nosuch&password=" + SECRET),
                Arguments.of("postgresql", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=" + SECRET),
                Arguments.of("postgresql", "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:1/test"),
                Arguments.of("h2", "jdbc:h2:mem:pw;USER=sa;PASSWORD=" + SECRET),
                Arguments.of("h2", "jdbc:h2:tcp://sa:" + SECRET + "@127.0.0.1:1/mem:x"));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void neverPrintsThePassword(String kind, String url) {
        Databases.require(kind);
        // a few executions are enough: the URL shows in the header, the replay line and the JSON
        for (List<String> args : List.of(List.of("explore", "withdraw", "--max-schedules", "3", "--db", url),
                List.of("explore", "withdraw", "--max-schedules", "3", "--format", "json", "--db", url),
                List.of("matrix", "withdraw.race.yaml", "--levels", "read-committed", "--max-schedules", "3", "--db", url),
                List.of("clean", "--db", url))) {
            RacexCommandTest.Run r = RacexCommandTest.racex(args.toArray(String[]::new));
            assertTrue(r.code() <= 2, args + " exited " + r.code() + ": " + r.err());
            assertFalse((r.out() + r.err()).contains(SECRET), args + "\n" + r.out() + r.err());
        }
    }

    @Test
    void aPortOutOfRangeIsOneLineWithNoDriverOrLoggingNoise() throws Exception {
        for (String url : List.of("jdbc:postgresql://127.0.0.1:99999/test", "jdbc:mariadb://127.0.0.1:99999/test",
                "jdbc:postgresql://127.0.0.1:0/test", "jdbc:mariadb://127.0.0.1:x1/test")) {
            // a new JVM: driver warnings and SLF4J's complaints go to the real stderr, which an in-process run does not see
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RacexCommand.class.getName(),
                    "explore", "withdraw", "--db", url).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), url);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, p.exitValue(), out);
            assertEquals(1, out.strip().lines().count(), out);
            assertTrue(out.startsWith("racex: invalid port '"), out);
        }
    }
}
