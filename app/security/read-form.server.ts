import { isClientCaused } from "./client-errors.server";

/**
 * The request's form data; a body that is not form data answers 400 (a thrown Response), also
 * on data requests and resource routes, where the document-level rewrite in entry.server does
 * not apply.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (isClientCaused(error) || error instanceof TypeError) throw new Response("Bad Request: expected form data", { status: 400 });
    throw error;
  }
}
