package fastai.lesson2;

/**
 * Apache POI logs through the Log4j 2 API, and this project ships no Log4j implementation, so the
 * first POI call would print "Log4j2 could not find a logging implementation" into a notebook.
 * Choosing Log4j's own minimal logger (errors only) before POI starts avoids that; a setting the
 * user made ({@code -Dlog4j2.loggerContextFactory=...}) is left alone.
 */
final class QuietPoiLogging {
    private QuietPoiLogging() { }

    static void install() {
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
    }
}
