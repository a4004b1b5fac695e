package dev.paved.catalog.locations.git;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

import dev.paved.catalog.locations.config.LocationsConfig;

/**
 * What JGit answers a repository's host that asks for credentials: the token configured for that host,
 * or nothing. It remembers that it was asked, so that a failed fetch can say which of the two it was.
 */
final class HostCredentials extends CredentialsProvider {

    private final String name;
    private final LocationsConfig.GitCredential credential;
    private volatile boolean asked;

    /** {@code credential} is null where none is configured for the host. */
    HostCredentials(String name, LocationsConfig.GitCredential credential) {
        this.name = name;
        this.credential = credential;
    }

    /** The configuration name of the host's credential, or null. */
    String name() {
        return name;
    }

    boolean asked() {
        return asked;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        asked = true;
        if (credential == null) {
            return false;
        }
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username username) {
                username.setValue(credential.username());
            } else if (item instanceof CredentialItem.Password password) {
                password.setValue(credential.token().toCharArray());
            } else {
                throw new UnsupportedCredentialItem(uri, item.getClass().getSimpleName() + ": " + item.getPromptText());
            }
        }
        return true;
    }
}
