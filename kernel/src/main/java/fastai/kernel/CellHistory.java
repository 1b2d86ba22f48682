package fastai.kernel;

import com.google.gson.JsonArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel process (session 1), for history_request: tail, range and search
 * (a glob such as {@code *Nd4j*}, optionally unique, optionally the last n). Kept in memory.
 */
final class CellHistory {
    static final int SESSION = 1;

    record Entry(int line, String input, String output) { }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    synchronized JsonArray tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return rows(entries.subList(from, entries.size()), output);
    }

    /** Lines [start, stop) of a session; stop 0 or less means to the end. Session 0 is this one. */
    synchronized JsonArray range(int session, int start, int stop, boolean output) {
        if (session != SESSION && session != 0) return new JsonArray();
        List<Entry> picked = new ArrayList<>();
        for (Entry e : entries) {
            if (e.line() >= start && (stop <= 0 || e.line() < stop)) picked.add(e);
        }
        return rows(picked, output);
    }

    synchronized JsonArray search(String glob, int n, boolean unique, boolean output) {
        Pattern p = globToRegex(glob);
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) if (p.matcher(e.input()).matches()) hits.add(e);
        if (unique) {
            Map<String, Entry> last = new LinkedHashMap<>();
            for (Entry e : hits) {
                last.remove(e.input());
                last.put(e.input(), e);
            }
            hits = new ArrayList<>(last.values());
        }
        if (n > 0 && hits.size() > n) hits = hits.subList(hits.size() - n, hits.size());
        return rows(hits, output);
    }

    private static JsonArray rows(List<Entry> list, boolean output) {
        JsonArray a = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output());
                row.add(io);
            } else {
                row.add(e.input());
            }
            a.add(row);
        }
        return a;
    }

    /** sqlite GLOB semantics, as IPython uses: * any run, ? one character, [...] a class; case-sensitive. */
    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("(?s:.*)");
                case '?' -> re.append("(?s:.)");
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) re.append("\\[");
                    else {
                        String body = glob.substring(i + 1, close);
                        if (body.startsWith("^")) body = "\\^" + body.substring(1);
                        re.append('[').append(body.replace("\\", "\\\\")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
