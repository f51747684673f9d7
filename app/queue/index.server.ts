import prisma from "../db.server";
import { DbJobQueue } from "./db-queue.server";
import type { JobQueue } from "./types";

// The app's queue. Callers depend on the JobQueue interface only; the embedded backend is
// rows in the app's database. Swapping in pg-boss/BullMQ changes this file, not the callers.
export const dbQueue = new DbJobQueue(prisma);
export const queue: JobQueue = dbQueue;
