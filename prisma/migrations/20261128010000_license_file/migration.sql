-- AlterTable
ALTER TABLE "models" ADD COLUMN     "license_file_path" TEXT,
ADD COLUMN     "license_file_text" TEXT;
