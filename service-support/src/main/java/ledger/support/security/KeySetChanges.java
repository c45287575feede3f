package ledger.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices when the identity provider's signing keys change: each key set read is compared with the
 * one before by its keys' thumbprints (RFC 7638, so a key re-published under another id is the
 * same key), and a change moves the version on. {@link RememberedTokens} forgets every token
 * verified under an older version.
 */
public final class KeySetChanges {

    private static final Logger log = LoggerFactory.getLogger(KeySetChanges.class);

    private final AtomicLong version = new AtomicLong();
    private Set<String> keys;

    public long version() {
        return version.get();
    }

    /** A key set as read from the identity provider (JWK set JSON). */
    public synchronized void read(String jwkSetJson) {
        Set<String> now = thumbprints(jwkSetJson);
        if (now == null) {
            return;   // not a key set: the decoder refuses it on its own
        }
        if (keys != null && !keys.equals(now)) {
            version.incrementAndGet();
            log.warn("the signing key set changed ({} keys before, {} now): tokens verified before are checked again",
                     keys.size(), now.size());
        }
        keys = now;
    }

    private static Set<String> thumbprints(String jwkSetJson) {
        try {
            Set<String> thumbprints = new TreeSet<>();
            for (JWK key : JWKSet.parse(jwkSetJson).getKeys()) {
                thumbprints.add(key.computeThumbprint().toString());
            }
            return thumbprints;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }
}
