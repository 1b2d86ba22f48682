package fastai.kernel;

import fastai.kernel.remote.Frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class OutputFramerTest {
    /** Records what the framer hands on, as "text:..." and "frame:..." events. */
    static final class Recorder implements OutputFramer.Listener {
        final List<String> events = new ArrayList<>();
        @Override public void text(String stream, String text) { events.add("text:" + text); }
        @Override public void frame(String json) { events.add("frame:" + json); }
        String joinedText() {
            StringBuilder sb = new StringBuilder();
            for (String e : events) if (e.startsWith("text:")) sb.append(e.substring(5));
            return sb.toString();
        }
    }

    private static void writeInPieces(OutputFramer f, byte[] bytes, int piece) {
        for (int i = 0; i < bytes.length; i += piece) f.write(bytes, i, Math.min(piece, bytes.length - i));
    }

    @Test
    void framesArriveInOrderWithText_evenWhenSplitIntoSingleBytes() {
        String frame = Frames.encode("display", "id1", Map.of("text/plain", "hi\n\u0002\u0003 there"), false);
        byte[] all = ("before\n" + frame + "after\n").getBytes(StandardCharsets.UTF_8);
        for (int piece : new int[] {1, 2, 3, 7, all.length}) {
            Recorder r = new Recorder();
            OutputFramer f = new OutputFramer("stdout", r, 1 << 20);
            writeInPieces(f, all, piece);
            f.finishCell();
            assertEquals(3, r.events.size(), "piece " + piece + ": " + r.events);
            assertEquals("text:before\n", r.events.get(0));
            String json = r.events.get(1).substring("frame:".length());
            var o = JsonParser.parseString(json).getAsJsonObject();
            assertEquals("display", o.get("type").getAsString());
            assertEquals("id1", o.get("id").getAsString());
            assertEquals("hi\n\u0002\u0003 there", o.getAsJsonObject("data").get("text/plain").getAsString());
            assertEquals("text:after\n", r.events.get(2));
        }
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        List<String> events = new ArrayList<>();
        OutputFramer.Listener l = new OutputFramer.Listener() {
            @Override public void text(String stream, String text) { events.add(stream + ":" + text); }
            @Override public void frame(String json) { events.add("frame"); }
        };
        OutputFramer[] pair = OutputFramer.pair(l, 1 << 20);
        byte[] one = "1\n".getBytes(StandardCharsets.UTF_8);
        byte[] two = "2\n".getBytes(StandardCharsets.UTF_8);
        byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
        pair[0].write(one, 0, 2);
        pair[1].write(two, 0, 2);
        pair[0].write(euro, 0, 2);          // half a character: stays gathered
        pair[1].write(two, 0, 2);
        pair[0].write(euro, 2, euro.length - 2);
        pair[0].write(one, 0, 2);
        pair[0].finishCell();
        pair[1].finishCell();
        assertEquals(List.of("stdout:1\n", "stderr:2\n", "stderr:2\n", "stdout:€\n1\n"), events);
    }

    @Test
    void aPartialMarkerThatIsNotAFrameStaysText() {
        Recorder r = new Recorder();
        OutputFramer f = new OutputFramer("stdout", r, 1 << 20);
        byte[] b = "a\u0002fastai-fr and more\u0002".getBytes(StandardCharsets.UTF_8);
        writeInPieces(f, b, 1);
        f.finishCell();
        assertEquals("a\u0002fastai-fr and more\u0002", r.joinedText());
    }

    @Test
    void utf8CharactersSplitAcrossWritesStayWhole() {
        Recorder r = new Recorder();
        OutputFramer f = new OutputFramer("stdout", r, 1 << 20);
        byte[] b = "ünïcödé → 🐱".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            f.write(b, i, 1);
            f.flush(); // a flush in the middle of a character must not break it
        }
        f.finishCell();
        assertEquals("ünïcödé → 🐱", r.joinedText());
        for (String e : r.events) assertTrue(!e.contains("\uFFFD"), e);
    }

    @Test
    void textPastTheLimitIsDroppedWithOneNote() {
        Recorder r = new Recorder();
        OutputFramer f = new OutputFramer("stdout", r, 1000);
        byte[] line = "0123456789".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 500; i++) f.write(line, 0, line.length);
        f.finishCell();
        String text = r.joinedText();
        assertTrue(text.startsWith("0123456789".repeat(100)));
        assertTrue(text.contains("4000 more bytes of stdout not shown"), text);
        // the next cell starts with a fresh allowance
        f.write(line, 0, line.length);
        f.finishCell();
        assertTrue(r.joinedText().endsWith("0123456789"));
    }

    @Test
    void bigOutputIsHandedOnInBatches() {
        Recorder r = new Recorder();
        OutputFramer f = new OutputFramer("stdout", r, 10 << 20);
        byte[] chunk = new byte[127];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < (4 << 20) / 127; i++) f.write(chunk, 0, chunk.length);
        f.finishCell();
        assertTrue(r.events.size() <= (4 << 20) / OutputFramer.BATCH + 2, "events: " + r.events.size());
    }

    @Test
    void completeUtf8FindsCharacterBoundaries() {
        byte[] b = "aé".getBytes(StandardCharsets.UTF_8); // 61 C3 A9
        assertEquals(3, OutputFramer.completeUtf8(b, 3));
        assertEquals(1, OutputFramer.completeUtf8(b, 2));
        byte[] cat = "🐱".getBytes(StandardCharsets.UTF_8);
        for (int n = 1; n < 4; n++) assertEquals(0, OutputFramer.completeUtf8(cat, n));
        assertEquals(4, OutputFramer.completeUtf8(cat, 4));
    }
}
