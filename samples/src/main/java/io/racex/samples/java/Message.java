package io.racex.samples.java;

/**
 * Seed 003's find-and-update: {@link #update} reads the message and writes it back with a suffix
 * appended. Two updates appending 'a' to 'msg a' should give 'msg aaa'; if both read 'msg a'
 * before either writes, the result is 'msg aa'. The fix is {@link CasMessage}.
 */
public class Message {
    private String text;

    public Message(String text) {
        this.text = text;
    }

    /** Appends {@code suffix} to the message. */
    public void update(String suffix) {
        String seen = text;
        // RACE: another update may write between this read and the write below; its suffix is lost
        text = seen + suffix;
    }

    public String text() {
        return text;
    }
}
