package fastai.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A doc comment's text (HTML with Javadoc tags) as Markdown for the notebook's inspect pane and
 * as plain text for a terminal: {@code {@code x}} becomes `x`, {@code <pre>} a code block,
 * {@code <p>} a paragraph break, {@code @param}/{@code @return}/{@code @throws} short lists.
 */
final class JavadocMarkdown {
    private static final Pattern INLINE = Pattern.compile("\\{@(code|literal|link|linkplain|value|inheritDoc)\\s*([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}");
    private static final Pattern LINK = Pattern.compile("(?s)([^\\s(]*(?:\\([^)]*\\))?)\\s*(.*)");
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)\\s*");

    private JavadocMarkdown() { }

    static String markdown(String comment) {
        String[] parts = splitBlockTags(comment);
        StringBuilder sb = new StringBuilder(body(parts[0]).strip());
        List<String> params = new ArrayList<>();
        List<String> throwsList = new ArrayList<>();
        String returns = null;
        for (int i = 1; i < parts.length; i++) {
            String tag = parts[i].substring(0, parts[i].indexOf(' ') < 0 ? parts[i].length() : parts[i].indexOf(' '));
            String rest = parts[i].substring(tag.length()).strip();
            switch (tag) {
                case "param" -> {
                    String[] nameText = rest.split("\\s+", 2);
                    params.add("- `" + nameText[0] + "`" + (nameText.length > 1 ? " " + inline(nameText[1]).strip() : ""));
                }
                case "return" -> returns = inline(rest).strip();
                case "throws", "exception" -> {
                    String[] nameText = rest.split("\\s+", 2);
                    throwsList.add("- `" + nameText[0] + "`" + (nameText.length > 1 ? " " + inline(nameText[1]).strip() : ""));
                }
                default -> { }   // @see, @since, @author, @deprecated's details: left out of a short pane
            }
        }
        if (!params.isEmpty()) sb.append("\n\n**Parameters**\n").append(String.join("\n", params));
        if (returns != null && !returns.isEmpty()) sb.append("\n\n**Returns** ").append(returns);
        if (!throwsList.isEmpty()) sb.append("\n\n**Throws**\n").append(String.join("\n", throwsList));
        return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    /** The Markdown without its marks: what a terminal or the pager shows. */
    static String plain(String markdown) {
        return markdown.replace("```java\n", "").replace("```\n", "").replace("```", "").replace("**", "").replace("`", "");
    }

    /** The first sentence (up to the first period followed by white space), as Javadoc's summary. */
    static String firstSentence(String markdown) {
        Matcher m = Pattern.compile("\\.(\\s|$)").matcher(markdown);
        return (m.find() ? markdown.substring(0, m.start() + 1) : markdown).replaceAll("\\s+", " ").strip();
    }

    private static String[] splitBlockTags(String comment) {
        List<String> parts = new ArrayList<>();
        Matcher m = BLOCK_TAG.matcher(comment);
        int last = 0;
        String tag = null;
        // A tag starts a line outside <pre> only; an @Override in a code example is no tag.
        while (m.find()) {
            if (insidePre(comment, m.start())) continue;
            parts.add(tag == null ? comment.substring(last, m.start()) : tag + " " + comment.substring(last, m.start()));
            tag = m.group(1);
            last = m.end();
        }
        parts.add(tag == null ? comment.substring(last) : tag + " " + comment.substring(last));
        return parts.toArray(String[]::new);
    }

    private static boolean insidePre(String s, int at) {
        String before = s.substring(0, at).toLowerCase();
        return before.lastIndexOf("<pre") > before.lastIndexOf("</pre");
    }

    /** The description: code blocks kept as they are written, the rest reflowed from HTML. */
    private static String body(String html) {
        StringBuilder sb = new StringBuilder();
        Matcher pre = Pattern.compile("(?is)<pre[^>]*>(.*?)</pre>").matcher(html);
        int last = 0;
        while (pre.find()) {
            sb.append(inline(html.substring(last, pre.start())));
            String code = pre.group(1).replaceAll("^\\s*\\{@code\\s?", "").replaceAll("\\}\\s*$", "");
            sb.append("\n\n```java\n").append(entities(code.replaceAll("(?m)^ ", "")).strip()).append("\n```\n\n");
            last = pre.end();
        }
        sb.append(inline(html.substring(last)));
        return sb.toString();
    }

    private static String inline(String html) {
        Matcher m = INLINE.matcher(html);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String arg = m.group(2).strip();
            String text = switch (m.group(1)) {
                case "code", "value" -> "`" + arg + "`";
                case "literal" -> arg;
                case "link", "linkplain" -> {
                    Matcher link = LINK.matcher(arg);   // target (which may hold spaces inside its parentheses), then a label
                    String target = link.matches() ? link.group(1) : arg;
                    String label = link.matches() ? link.group(2).strip() : "";
                    yield !label.isEmpty() ? label : "`" + target.replaceFirst("^#", "").replace('#', '.').replaceAll(",\\s*", ", ") + "`";
                }
                default -> "";
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        String s = sb.toString()
                .replaceAll("(?i)<p\\s*/?>|</p>", "\n\n")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)<li>", "\n- ")
                .replaceAll("(?i)</?(ul|ol)>", "\n")
                .replaceAll("(?i)</?(code|tt)>", "`")
                .replaceAll("(?i)</?(b|strong)>", "**")
                .replaceAll("(?i)</?(i|em)>", "_")
                .replaceAll("<[^>]+>", "");
        // Reflow: single line breaks inside a paragraph become spaces; list items keep their line.
        StringBuilder out = new StringBuilder();
        for (String para : s.split("\n\\s*\n")) {
            String p = para.strip().replaceAll("\\s*\n\\s*(?!- )", " ").replaceAll("[ \t]+", " ");
            if (!p.isEmpty()) out.append(entities(p)).append("\n\n");
        }
        return out.toString();
    }

    private static String entities(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&#64;", "@").replace("&amp;", "&");
    }
}
