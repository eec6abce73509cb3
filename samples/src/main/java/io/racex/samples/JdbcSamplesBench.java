package io.racex.samples;

import io.racex.Scenario;
import io.racex.jdbc.Database;
import io.racex.jdbc.JdbcBench;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * Prints executions per second of the database samples on each database that answers:
 * {@code java -cp explorer-cli/target/racex.jar io.racex.samples.JdbcSamplesBench [seconds] [db,...] [sample,...]}.
 */
public final class JdbcSamplesBench {
    private JdbcSamplesBench() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> dbs = args.length > 1 ? List.of(args[1].split(",")) : List.of("h2", "postgresql", "mariadb");
        List<String> samples = args.length > 2 ? List.of(args[2].split(",")) : List.of("find-and-update");
        for (String sample : samples) {
            for (String d : dbs) {
                Database db = Database.parse(d);
                try {
                    Scenario<Connection> s = (Scenario<Connection>) SampleCatalog.get(sample, db);
                    System.out.println(JdbcBench.measure(s, Duration.ofSeconds(seconds)));
                    if (sample.startsWith("find-and-update")) {
                        System.out.printf("  %-11s reset of the message table: reload %.2f ms, rebuild %.2f ms%n", d,
                                JdbcBench.resetMillis(JdbcSamples.messageStoreBuilder(db), io.racex.jdbc.JdbcStore.Reset.RELOAD, 200),
                                JdbcBench.resetMillis(JdbcSamples.messageStoreBuilder(db), io.racex.jdbc.JdbcStore.Reset.REBUILD, 200));
                    }
                } catch (RuntimeException e) {
                    System.out.println(sample + " on " + d + ": skipped: " + e.getMessage());
                }
            }
        }
    }
}
