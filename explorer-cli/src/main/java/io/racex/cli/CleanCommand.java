package io.racex.cli;

import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.StaleScratch;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code racex clean --db postgresql,mariadb}: removes the scratch schemas and databases of racex
 * runs that are gone (killed with SIGKILL, a lost machine) and lists what it found. Only spaces
 * carrying racex's owner mark whose run is provably dead are dropped; see {@link StaleScratch}.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Remove the scratch schemas/databases (racex_<hex>) left by racex runs that were killed, and list them. "
                + "Only what racex marked as its own and whose run is provably gone is dropped.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (also when nothing was stale)", "2:bad usage, or a database that cannot be reached"})
final class CleanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "DB[,DB...]", required = true, split = ",",
            description = "Databases, comma-separated: postgresql, mariadb or JDBC URLs (h2 in memory never leaves anything).")
    List<String> databases;

    @Option(names = "--dry-run", description = "Only list what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, Database> dbs = new LinkedHashMap<>();
        for (String d : databases) {
            Database db = Database.parse(d);
            dbs.putIfAbsent(db.option(), db);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, Database> db : dbs.entrySet()) {
            List<StaleScratch.Entry> found = StaleScratch.clean(db.getValue(), dryRun);
            long removed = found.stream().filter(e -> e.state() == StaleScratch.State.REMOVED).count();
            long stale = found.stream().filter(e -> e.state() == StaleScratch.State.STALE).count();
            out.println("racex clean: " + db.getKey() + (db.getValue().isPrivateMemory()
                    ? ": a private in-memory database, nothing to clean" : ""));
            for (StaleScratch.Entry e : found) {
                out.println("  " + e);
            }
            if (!db.getValue().isPrivateMemory()) {
                out.println("  " + (dryRun ? stale + " stale, none removed (--dry-run)" : removed + " removed") + ", "
                        + (found.size() - removed - stale) + " kept");
            }
        }
        out.flush();
        return RacexCommand.OK;
    }
}
