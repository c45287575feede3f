package ledger.command.commons;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text without control characters (Unicode category Cc: U+0000..U+001F, U+007F..U+009F) and
 * without unpaired surrogates. Such characters have no business in a ledger's text, and some of
 * them cannot be stored by every reader: PostgreSQL's {@code text} and {@code jsonb} refuse NUL.
 * Free text that may run over several lines ({@code multiline}) keeps tab, line feed and
 * carriage return. A null value is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = NoControlCharacters.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
         ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NoControlCharacters {

    /** Whether tab, line feed and carriage return are allowed (long free text). */
    boolean multiline() default false;

    String message() default "must not contain control characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the text, and names the first character at fault in the message. */
    class Validator implements ConstraintValidator<NoControlCharacters, CharSequence> {

        private boolean multiline;

        @Override
        public void initialize(NoControlCharacters annotation) {
            multiline = annotation.multiline();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int offending = firstOffending(value, multiline);
            if (offending < 0) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                           "must not contain control characters or unpaired surrogates; found U+%04X at position %d"
                                   .formatted((int) value.charAt(offending), offending))
                   .addConstraintViolation();
            return false;
        }

        /** The index of the first control character or unpaired surrogate, or -1. */
        public static int firstOffending(CharSequence text, boolean multiline) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isISOControl(c)) {
                    if (!(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                        return i;
                    }
                } else if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                        return i;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
