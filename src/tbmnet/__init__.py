"""TBMnet: control of transboundary movements of hazardous wastes."""
