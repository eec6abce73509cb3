package io.racex.scenariofile;

import io.racex.RacexException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a scenario file's text, with one clear line for what can go wrong (no such file, not UTF-8). */
public final class SourceText {
    private SourceText() {}

    /**
     * The file's text, read as UTF-8.
     *
     * @throws RacexException naming the file: missing, not UTF-8 text, or unreadable
     */
    public static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RacexException("no scenario file " + path + ": check the path");
        } catch (CharacterCodingException e) {
            // the JDK's own message here is "Input length = 1", which says nothing to a user
            throw new RacexException("cannot read the scenario file " + path + ": it is not UTF-8 text (save it as UTF-8)");
        } catch (IOException e) {
            throw new RacexException("cannot read the scenario file " + path + ": " + e.getMessage());
        }
    }
}
