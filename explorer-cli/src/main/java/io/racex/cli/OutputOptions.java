package io.racex.cli;

import io.racex.RacexException;
import io.racex.ExplorationResult;
import io.racex.report.HtmlReport;
import io.racex.report.JsonReport;
import io.racex.report.MermaidReport;
import io.racex.report.ReplayHint;
import io.racex.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a result is written: {@code --format}, {@code --output}. */
final class OutputOptions {
    enum Format { text, json, mermaid, html }

    @Option(names = "--format", defaultValue = "text", description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    /** Writes the report and returns the exit code for the result. */
    int emit(ExplorationResult result, ReplayHint hint, PrintWriter out) {
        // threads of real Java code are shown with the names the code gave them
        ExplorationResult r = io.racex.store.java.JavaExplorer.named(result);
        String report = switch (format) {
            case text -> TextReport.render(r, hint);
            case json -> JsonReport.render(r, hint);
            case mermaid -> MermaidReport.render(r);
            case html -> HtmlReport.render(r, hint);
        };
        if (output != null) {
            try {
                Files.writeString(output, report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RacexException("cannot write " + output + ": " + e.getMessage(), e);
            }
            out.println("racex: " + r.verdict() + " (" + r.schedules() + " executions); report written to " + output);
        } else {
            out.print(report);
            out.flush();
        }
        return r.failed() ? RacexCommand.VIOLATION : RacexCommand.OK;
    }
}
