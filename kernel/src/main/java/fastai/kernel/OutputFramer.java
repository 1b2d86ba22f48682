package fastai.kernel;

import java.io.OutputStream;
import fastai.kernel.remote.Frames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Receives the bytes a cell writes to one stream (stdout or stderr) of the execution JVM, cuts
 * out display frames ({@link Frames}) and batches the ordinary text: text is handed on when
 * {@link #flush()} is called (the kernel does that every 50 ms), when 64 KB have gathered, or
 * just before a frame, so text and displays keep their order. Past {@code limit} bytes per cell
 * text is dropped and counted; {@link #finishCell()} then adds one note saying how much.
 * Frames may arrive split across writes; a UTF-8 character split across writes is kept whole.
 */
final class OutputFramer extends OutputStream {
    interface Listener {
        void text(String stream, String text);
        void frame(String json);
    }

    private static final byte[] START = Frames.START.getBytes(StandardCharsets.US_ASCII);
    private static final byte END = (byte) Frames.END;
    static final int BATCH = 64 * 1024;

    private final String stream;
    private final Listener listener;
    private final long limit;

    private byte[] text = new byte[8192];
    private int textLen;
    private int matched;               // bytes of START matched so far
    private byte[] frame;              // non-null while inside a frame
    private int frameLen;
    private long shown;                // text bytes handed on in this cell
    private long dropped;              // text bytes dropped in this cell

    private final Object lock;
    private OutputFramer other;        // the cell's other stream (stdout / stderr), sharing the lock

    OutputFramer(String stream, Listener listener, long limit) {
        this(stream, listener, limit, new Object());
    }

    private OutputFramer(String stream, Listener listener, long limit, Object lock) {
        this.stream = stream;
        this.listener = listener;
        this.limit = limit;
        this.lock = lock;
    }

    /**
     * stdout and stderr of one execution JVM. They arrive in the order the cell wrote them (one
     * socket carries both); text written to one first hands on what the other has gathered, so
     * a cell's prints to the two streams keep their order.
     */
    static OutputFramer[] pair(Listener listener, long limit) {
        Object lock = new Object();
        OutputFramer out = new OutputFramer("stdout", listener, limit, lock);
        OutputFramer err = new OutputFramer("stderr", listener, limit, lock);
        out.other = err;
        err.other = out;
        return new OutputFramer[] {out, err};
    }

    @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }

    @Override
    public void write(byte[] b, int off, int len) {
        synchronized (lock) {
            if (other != null && len > 0) other.flush();
            writeLocked(b, off, len);
        }
    }

    private void writeLocked(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (frame != null) {                       // inside a frame: copy up to END
                int j = i;
                while (j < end && b[j] != END) j++;
                appendFrame(b, i, j - i);
                if (j < end) {
                    String json = new String(frame, 0, frameLen, StandardCharsets.UTF_8);
                    frame = null;
                    frameLen = 0;
                    listener.frame(json);
                    j++;
                }
                i = j;
            } else if (matched > 0) {                  // in the middle of a possible START
                if (b[i] == START[matched]) {
                    matched++;
                    i++;
                    if (matched == START.length) startFrame();
                } else {
                    appendText(START, 0, matched);     // it was text after all
                    matched = 0;
                }
            } else {                                   // plain text up to the next possible START
                int j = i;
                while (j < end && b[j] != START[0]) j++;
                appendText(b, i, j - i);
                if (j < end) {
                    matched = 1;
                    j++;
                    if (matched == START.length) startFrame();
                }
                i = j;
            }
        }
        if (textLen >= BATCH) flush();
    }

    private void startFrame() {
        matched = 0;
        flush();
        frame = new byte[256];
        frameLen = 0;
    }

    private void appendFrame(byte[] b, int off, int n) {
        if (frameLen + n > frame.length) frame = Arrays.copyOf(frame, Math.max(frame.length * 2, frameLen + n));
        System.arraycopy(b, off, frame, frameLen, n);
        frameLen += n;
    }

    private void appendText(byte[] b, int off, int n) {
        if (n <= 0) return;
        long room = limit - shown - textLen;
        if (room < n) {
            int keep = (int) Math.max(0, room);
            dropped += n - keep;
            n = keep;
            if (n == 0) return;
        }
        if (textLen + n > text.length) text = Arrays.copyOf(text, Math.max(text.length * 2, textLen + n));
        System.arraycopy(b, off, text, textLen, n);
        textLen += n;
        if (textLen >= BATCH) flush();
    }

    /** Hands on the gathered text, except an unfinished UTF-8 character at its end. */
    @Override
    public void flush() {
        synchronized (lock) {
            if (textLen == 0) return;
            int cut = completeUtf8(text, textLen);
            if (cut == 0) return;
            String s = new String(text, 0, cut, StandardCharsets.UTF_8);
            System.arraycopy(text, cut, text, 0, textLen - cut);
            textLen -= cut;
            shown += cut;
            listener.text(stream, s);
        }
    }

    /** At the end of a cell: hand on everything, say what was dropped, and reset the counters. */
    void finishCell() {
        synchronized (lock) {
            finishLocked();
        }
    }

    private void finishLocked() {
        if (matched > 0) {
            appendText(START, 0, matched);
            matched = 0;
        }
        flush();
        if (textLen > 0) { // a broken UTF-8 tail: show it as replacement characters
            listener.text(stream, new String(text, 0, textLen, StandardCharsets.UTF_8));
            textLen = 0;
        }
        if (dropped > 0) {
            listener.text(stream, "\n[" + dropped + " more bytes of " + stream + " not shown: a cell shows at most "
                    + limit + " bytes (FASTAI_KERNEL_MAX_OUTPUT)]\n");
        }
        shown = 0;
        dropped = 0;
    }

    /** The length of the longest prefix of {@code b[0..n)} that ends on a whole UTF-8 character. */
    static int completeUtf8(byte[] b, int n) {
        int i = n - 1;
        int back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) { i--; back++; } // continuation bytes
        if (i < 0) return n;
        int lead = b[i] & 0xff;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return (n - i) < need ? i : n;
    }
}
