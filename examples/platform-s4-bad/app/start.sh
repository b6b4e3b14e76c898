#!/bin/sh
echo "stand-in for the platform API"
exec sleep 3600
