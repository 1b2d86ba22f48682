package fastai.kernel;

import static fastai.kernel.remote.LineInput.ASK;
import static fastai.kernel.remote.LineInput.CANCELLED;
import static fastai.kernel.remote.LineInput.END;
import static fastai.kernel.remote.LineInput.LINE;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Serves lines of input to the execution JVM's {@code System.in} ({@code fastai.kernel.remote.LineInput}) over a
 * loopback socket of its own. JShell's built-in input forwarding asks for input on the thread that
 * also carries every result from the execution JVM, and it can send one request more than the cell
 * reads: the kernel then waits for a line nobody asked for and the notebook hangs. On this socket a
 * waiting request blocks nothing but itself.
 *
 * <p>Protocol: the execution JVM writes {@code '?'}; the kernel answers {@code 'L'} + UTF line,
 * {@code 'E'} (end of input) or {@code 'C'} (cancelled by an interrupt or a new cell).
 */
final class LineServer {

    interface Lines { String readLine() throws InterruptedIOException; }

    private final ServerSocket server;
    private final Lines lines;

    LineServer(Lines lines) throws IOException {
        this.lines = lines;
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "stdin-lines");
        t.setDaemon(true);
        t.start();
    }

    int port() { return server.getLocalPort(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept(); // one per Java session, opened at its first read
                Thread t = new Thread(() -> serve(s), "stdin-lines-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) Log.warn("stdin: accept failed", e);
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            while (true) {
                if (in.readByte() != ASK) throw new IOException("unexpected request");
                String line;
                try {
                    line = lines.readLine();
                } catch (InterruptedIOException cancelled) {
                    out.writeByte(CANCELLED);
                    out.flush();
                    continue;
                }
                if (line == null) {
                    out.writeByte(END);
                } else {
                    out.writeByte(LINE);
                    out.writeUTF(line);
                }
                out.flush();
            }
        } catch (EOFException sessionEnded) {
            // the execution JVM closed its end
        } catch (IOException e) {
            Log.warn("stdin: connection to the Java session failed", e);
        }
    }

    void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
