package fastai.kernel.remote;

/**
 * How the execution JVM sends display messages to the kernel through its stdout: a start marker,
 * one JSON object (type, id, data, wait), an end marker. The markers are control characters that
 * ordinary text does not contain and that JSON always escapes, so a frame can be cut out of the
 * byte stream even when it arrives in pieces, and it stays in order with the cell's prints.
 */
public final class Frames {
    /** Marks the start of a frame. */
    public static final String START = "\u0002fastai-frame\u0002";
    /** Marks the end of a frame. */
    public static final char END = '\u0003';

    private Frames() { }

    /** A frame as text: {@code type} is display, update, clear or result. */
    public static String encode(String type, String id, java.util.Map<String, String> data, boolean wait) {
        StringBuilder sb = new StringBuilder(64 + (data == null ? 0 : data.values().stream().mapToInt(String::length).sum()));
        sb.append(START).append("{\"type\":");
        quote(sb, type);
        if (id != null) {
            sb.append(",\"id\":");
            quote(sb, id);
        }
        if (data != null) {
            sb.append(",\"data\":{");
            boolean first = true;
            for (var e : data.entrySet()) {
                if (e.getValue() == null) continue;
                if (!first) sb.append(',');
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                quote(sb, e.getValue());
            }
            sb.append('}');
        }
        sb.append(",\"wait\":").append(wait).append('}').append(END);
        return sb.toString();
    }

    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
