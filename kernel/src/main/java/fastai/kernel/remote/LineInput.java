package fastai.kernel.remote;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * {@code System.in} of the execution JVM: asks the kernel's {@code fastai.kernel.LineServer} for a line when the
 * cell reads and nothing is buffered. Connects at the first read.
 */
public final class LineInput extends InputStream {
    /** The line protocol with the kernel's LineServer: ask, a line follows, no input for this cell, cancelled. */
    public static final byte ASK = '?', LINE = 'L', END = 'E', CANCELLED = 'C';
    private final int port;
    private DataInputStream in;
    private DataOutputStream out;
    private byte[] buffer = new byte[0];
    private int pos;

    LineInput(int port) { this.port = port; }

    @Override public synchronized int read() throws IOException {
        if (!fill()) return -1;
        return buffer[pos++] & 0xff;
    }

    @Override public synchronized int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, buffer.length - pos);
        System.arraycopy(buffer, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override public synchronized int available() { return buffer.length - pos; }

    /** True when bytes are buffered, asking the kernel for a line if none are. */
    private boolean fill() throws IOException {
        if (pos < buffer.length) return true;
        if (in == null) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            in = new DataInputStream(s.getInputStream());
            out = new DataOutputStream(s.getOutputStream());
        }
        out.writeByte(ASK);
        out.flush();
        byte kind = in.readByte();
        if (kind == CANCELLED) throw new InterruptedIOException("input cancelled");
        if (kind == END) return false; // this cell may not ask; a later one may
        buffer = (in.readUTF() + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return true;
    }
}
