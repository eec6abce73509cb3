package io.racex.cli;

import io.racex.samples.SampleCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code racex list}: the samples, one line each. */
@Command(name = "list", description = "List the samples, one line each.", mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        int w = 0;
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            w = Math.max(w, e.name().length());
        }
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            spec.commandLine().getOut().println(String.format("%-" + w + "s  %-5s  %s", e.name(), e.buggy() ? "buggy" : "fixed",
                    e.description()));
        }
        return RacexCommand.OK;
    }
}
