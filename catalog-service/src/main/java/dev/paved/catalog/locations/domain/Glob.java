package dev.paved.catalog.locations.domain;

import java.util.regex.Pattern;

/**
 * A path glob as Backstage's locations take them: {@code *} and {@code ?} within one directory,
 * {@code **} across directories, so that {@code **}{@code /catalog-info.yaml} also matches the
 * file at the root. Paths are relative to the repository's root, separated by {@code /}.
 */
public final class Glob {

    private final Pattern pattern;
    private final String fixedDirectory;

    private Glob(Pattern pattern, String fixedDirectory) {
        this.pattern = pattern;
        this.fixedDirectory = fixedDirectory;
    }

    public static Glob of(String glob) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (c == '*') {
                regex.append("[^/]*");
                i++;
            } else if (c == '?') {
                regex.append("[^/]");
                i++;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        int wildcard = firstWildcard(glob);
        int slash = glob.lastIndexOf('/', wildcard);
        return new Glob(Pattern.compile(regex.toString()), slash < 0 ? "" : glob.substring(0, slash));
    }

    public boolean matches(String path) {
        return pattern.matcher(path).matches();
    }

    /** The directory every match lies in (empty for the root): only it needs to be walked. */
    public String fixedDirectory() {
        return fixedDirectory;
    }

    private static int firstWildcard(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*' || glob.charAt(i) == '?') {
                return i;
            }
        }
        return glob.length();
    }
}
