package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md shows each command's own {@code --help}: this test keeps every such block equal to
 * what this build prints, so the reference cannot drift from the program. With
 * {@code -Dracex.golden.update=true} it rewrites the blocks instead (review the diff).
 */
class CliDocsTest {
    private static final String UPDATE = "racex.golden.update";
    private static final Path DOC = Path.of("../docs/cli.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^## racex( [a-z-]+)?\\n\\n```\\n(Usage: racex[^\\n]*\\n(?:.*\\n)*?)```");

    @Test
    void everyCommandsHelpInTheReferenceIsWhatTheProgramPrints() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        CommandLine racex = new CommandLine(new RacexCommand());
        List<String> documented = new ArrayList<>();
        StringBuilder rewritten = new StringBuilder();
        Matcher m = BLOCK.matcher(doc);
        int last = 0;
        while (m.find()) {
            String name = m.group(1) == null ? "" : m.group(1).strip();
            CommandLine command = name.isEmpty() ? racex : racex.getSubcommands().get(name);
            assertTrue(command != null, "docs/cli.md documents 'racex " + name + "', which is not a command");
            documented.add(name);
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            rewritten.append(doc, last, m.start(2)).append(help);
            last = m.end(2);
            if (!Boolean.getBoolean(UPDATE)) {
                assertEquals(help, m.group(2), "docs/cli.md's help of 'racex " + name + "' (rerun with -D" + UPDATE
                        + "=true to rewrite the blocks, then review the diff)");
            }
        }
        rewritten.append(doc.substring(last));
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(DOC, rewritten.toString(), StandardCharsets.UTF_8);
        }
        for (String sub : racex.getSubcommands().keySet()) {
            if (!sub.equals("help")) {
                assertTrue(documented.contains(sub), "docs/cli.md has no '## racex " + sub + "' section with its help");
            }
        }
    }
}
