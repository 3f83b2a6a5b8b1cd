package io.remora.greeter;

/** A client error whose message is safe to show the client as the JSON {@code error}. */
final class BadRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  BadRequestException(String message) {
    this(400, message);
  }

  BadRequestException(int status, String message) {
    // No stack trace: this is a normal outcome of a bad request, not a bug.
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
