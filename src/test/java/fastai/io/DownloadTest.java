package fastai.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.models.MiniVgg;

/** Download against a local HTTP server serving a small saved model. */
class DownloadTest {
    @TempDir Path tmp;
    private HttpServer server;
    private byte[] model;
    private String sha;
    private final AtomicInteger cutRequests = new AtomicInteger();
    private final AtomicInteger rangeRequests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        ComputationGraph net = MiniVgg.network(4, new int[] {2}, 8, 2, 0);
        Path f = tmp.resolve("served.zip");
        ModelSerializer.writeModel(net, f.toFile(), false);
        model = Files.readAllBytes(f);
        sha = Download.sha256(f);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/model.zip", ex -> serve(ex, false));
        server.createContext("/flaky/model.zip", ex -> serve(ex, cutRequests.incrementAndGet() == 1));
        server.createContext("/", ex -> { ex.sendResponseHeaders(404, -1); ex.close(); });
        server.start();
    }

    @AfterEach
    void stop() { server.stop(0); }

    /** Serves the model, honouring "Range: bytes=N-"; with {@code cut}, stops half-way and drops the connection. */
    private void serve(HttpExchange ex, boolean cut) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            rangeRequests.incrementAndGet();
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (model.length - 1) + "/" + model.length);
            ex.sendResponseHeaders(206, model.length - from);
        } else {
            ex.sendResponseHeaders(200, model.length);
        }
        OutputStream out = ex.getResponseBody();
        if (cut) {
            out.write(model, from, (model.length - from) / 2);
            out.flush();
            ex.getHttpContext().getServer();      // keep the exchange open, then drop the socket
            ex.close();                           // closing with bytes missing aborts the connection
            return;
        }
        out.write(model, from, model.length - from);
        out.close();
    }

    private String url(String p) { return "http://127.0.0.1:" + server.getAddress().getPort() + p; }

    @Test
    void downloadsAndVerifies() throws Exception {
        Path dest = tmp.resolve("models/m.zip");
        Path got = Download.of(url("/model.zip")).to(dest).sha256(sha).quiet(true).fetch();
        assertEquals(dest.toAbsolutePath(), got);
        assertArrayEquals(model, Files.readAllBytes(dest));
        assertFalse(Files.exists(Download.partFile(dest)));
        assertNotNull(ModelSerializer.restoreComputationGraph(dest.toFile(), false));
        // a second call finds the file and does not download again
        server.removeContext("/model.zip");
        assertEquals(got, Download.of(url("/model.zip")).to(dest).sha256(sha).quiet(true).fetch());
    }

    @Test
    void wrongChecksumRemovesTheFileAndSaysBothSums() {
        Path dest = tmp.resolve("m.zip");
        String wrong = "0".repeat(64);
        var e = assertThrows(Download.DownloadException.class,
                () -> Download.of(url("/model.zip")).to(dest).sha256(wrong).quiet(true).fetch());
        assertEquals("checksum mismatch for " + url("/model.zip") + ": expected SHA-256 " + wrong + ", got " + sha
                + "; the downloaded file was removed", e.getMessage());
        assertFalse(Files.exists(dest));
        assertFalse(Files.exists(Download.partFile(dest)));
    }

    @Test
    void interruptedTransferKeepsOnlyThePartThenResumes() throws Exception {
        Path dest = tmp.resolve("m.zip");
        var e = assertThrows(Download.DownloadException.class,
                () -> Download.of(url("/flaky/model.zip")).to(dest).sha256(sha).retries(0).quiet(true).fetch());
        assertTrue(e.getMessage().startsWith("download of " + url("/flaky/model.zip") + " interrupted after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the partial file " + Download.partFile(dest.toAbsolutePath()) + " is kept, run again to resume"), e.getMessage());
        assertFalse(Files.exists(dest), "no final file after an interrupted transfer");
        long partial = Files.size(Download.partFile(dest));
        assertTrue(partial > 0 && partial < model.length, "part has " + partial + " of " + model.length);

        Path got = Download.of(url("/flaky/model.zip")).to(dest).sha256(sha).quiet(true).fetch();
        assertEquals(1, rangeRequests.get(), "the second call continued with a Range request");
        assertArrayEquals(model, Files.readAllBytes(got));
        assertFalse(Files.exists(Download.partFile(dest)));
    }

    @Test
    void retriesWithinOneCall() throws Exception {
        Path got = Download.of(url("/flaky/model.zip")).to(tmp.resolve("r.zip")).sha256(sha).retries(1).quiet(true).fetch();
        assertArrayEquals(model, Files.readAllBytes(got));
    }

    @Test
    void httpErrorNamesTheUrl() {
        Path dest = tmp.resolve("m.zip");
        var e = assertThrows(Download.DownloadException.class,
                () -> Download.of(url("/missing.zip")).to(dest).sha256(sha).quiet(true).fetch());
        assertEquals("HTTP 404 Not Found for " + url("/missing.zip"), e.getMessage());
        assertFalse(Files.exists(dest));
    }
}
