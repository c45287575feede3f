package ledger.query.bulletin.api;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.util.List;

/**
 * Chooses a document's format from {@code Accept}: the caller's most preferred type that the
 * document comes in; the first one when the caller takes anything. None of them: 406.
 */
public final class Negotiation {

    private Negotiation() {
    }

    /** Thrown when the caller accepts none of the formats: answered 406 naming them. */
    public static class NotAcceptableException extends RuntimeException {
        NotAcceptableException(String accept, List<String> offered) {
            super("Accept: " + accept + " names none of " + offered);
        }
    }

    static String choose(String accept, List<String> offered) {
        if (accept == null || accept.isBlank()) {
            return offered.get(0);
        }
        List<MediaType> wanted;
        try {
            wanted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new NotAcceptableException(accept, offered);
        }
        MediaType.sortBySpecificityAndQuality(wanted);
        for (MediaType w : wanted) {
            if (w.getQualityValue() <= 0) {
                continue;
            }
            for (String o : offered) {
                if (w.includes(MediaType.parseMediaType(o))) {
                    return o;
                }
            }
        }
        throw new NotAcceptableException(accept, offered);
    }
}
