package dev.paved.catalog.locations.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a location's files are: a Git repository, a branch or tag, and a path or glob inside it.
 * Written as {@code <repository>/blob/<ref>/<path>}, the way GitHub and Gitea show a file
 * ({@code /-/blob/} for GitLab); a {@code file://} repository on the catalog's disk takes the same
 * form. The ref is one path segment, so a branch with a slash in its name cannot be named.
 *
 * @param repository what Git fetches from: {@code https://host/owner/repo} or {@code file:///dir/repo.git}
 * @param separator {@code /blob/} or {@code /-/blob/}, kept so that file locations read like the target
 * @param path a path or glob relative to the repository's root, without a leading slash
 */
public record LocationTarget(String scheme, String host, String repository, String separator, String ref,
        String path) {

    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern GLOB_CHARACTERS = Pattern.compile("[*?]");

    /** The target's text, which is also how the location is named. */
    @Override
    public String toString() {
        return repository + separator + ref + "/" + path;
    }

    /** The location of one file of this repository and ref, as entities' annotations name it. */
    public String fileLocation(String filePath) {
        return "url:" + repository + separator + ref + "/" + filePath;
    }

    public boolean isGlob() {
        return GLOB_CHARACTERS.matcher(path).find();
    }

    public boolean isFile() {
        return scheme.equals("file");
    }

    /** The same repository and ref with another path, checked like any path. */
    LocationTarget withPath(String otherPath) throws InvalidTarget {
        return new LocationTarget(scheme, host, repository, separator, ref, checkedPath(otherPath));
    }

    /**
     * A target as a Location entity names it: an absolute {@code https} or {@code file} URL, or a path
     * relative to the directory of the file that names it ({@code ./other/catalog-info.yaml}); a path
     * that starts with {@code /} starts at the repository's root.
     */
    LocationTarget resolve(String reference, String fromFile) throws InvalidTarget {
        if (reference.contains("://")) {
            return parse(reference);
        }
        if (reference.startsWith("/")) {
            return withPath(normalize(reference.substring(1)));
        }
        int slash = fromFile.lastIndexOf('/');
        String directory = slash < 0 ? "" : fromFile.substring(0, slash + 1);
        return withPath(normalize(directory + reference));
    }

    public static LocationTarget parse(String text) throws InvalidTarget {
        if (text == null || text.isBlank()) {
            throw new InvalidTarget("is required");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidTarget("is not a URL: " + e.getReason());
        }
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        if (!scheme.equals("https") && !scheme.equals("file")) {
            throw new UnsupportedScheme(scheme.isEmpty() ? "names no scheme; use https:// or file://"
                    : "uses " + scheme + "://, but only https:// and file:// are supported");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidTarget("must not carry credentials; the catalog's configuration holds them");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidTarget("must not have a query or fragment");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") && host.isEmpty()) {
            throw new InvalidTarget("names no host");
        }
        if (scheme.equals("file") && !host.isEmpty()) {
            throw new InvalidTarget("must name a local path, file:///path/to/repo.git/blob/<ref>/<path>");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String separator = path.contains("/-/blob/") ? "/-/blob/" : "/blob/";
        int at = path.indexOf(separator);
        if (at <= 0) {
            throw new InvalidTarget("must read <repository>/blob/<ref>/<path or glob>");
        }
        String repositoryPath = path.substring(0, at);
        String rest = path.substring(at + separator.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new InvalidTarget("must name a ref and a path after /blob/: <repository>/blob/<ref>/<path or glob>");
        }
        String ref = rest.substring(0, slash);
        if (!REF.matcher(ref).matches() || ref.contains("..") || ref.endsWith(".lock")) {
            throw new InvalidTarget("names " + ref + ", which is not a branch or tag name");
        }
        if (scheme.equals("https") && repositoryPath.split("/").length < 3) {
            throw new InvalidTarget("must name a repository, https://host/owner/repo/blob/<ref>/<path>");
        }
        String authority = scheme.equals("https") ? "https://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                : "file://";
        return new LocationTarget(scheme, host, authority + repositoryPath, separator, ref,
                checkedPath(rest.substring(slash + 1)));
    }

    private static String checkedPath(String path) throws InvalidTarget {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new InvalidTarget("must name a file or glob inside the repository");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidTarget("must not have empty, . or .. segments in its path");
            }
        }
        return path;
    }

    /** Resolves . and .. segments; a path that leaves the repository is refused. */
    private static String normalize(String path) throws InvalidTarget {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new InvalidTarget("leads outside the repository");
                }
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** A target that cannot be read as one; the message completes "The target …". */
    public static class InvalidTarget extends Exception {

        public InvalidTarget(String message) {
            super(message);
        }
    }

    /** A target with a scheme other than https and file. */
    public static final class UnsupportedScheme extends InvalidTarget {

        UnsupportedScheme(String message) {
            super(message);
        }
    }
}
